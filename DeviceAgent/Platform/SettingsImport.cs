using System;
using System.IO;
using DeviceAgent.Board;
using DeviceAgent.Storage;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// The provisioning step on the board (thin): on a device without a settings record, the provisioning file
    /// deployed to the internal volume (<c>nanoff --filedeployment</c>, DeviceAgent/README.md "Board") is parsed,
    /// saved as the crash-safe record and deleted, so the secrets live only in the record afterwards.
    /// </summary>
    public static class SettingsImport
    {
        /// <summary>Where the provisioning file is deployed.</summary>
        public const string DefaultPath = "I:\\provision.txt";

        /// <summary>The saved settings, or those imported from <paramref name="path"/>; null when neither is usable (the reason is printed).</summary>
        public static DeviceSettings LoadOrImport(RecordStore records, string path)
        {
            DeviceSettings settings = DeviceSettings.Load(records);
            if (settings != null)
            {
                if (File.Exists(path))
                {
                    Console.WriteLine("settings: already provisioned; " + path + " ignored (erase the flash to provision again)");
                }

                return settings;
            }

            if (!File.Exists(path))
            {
                Console.WriteLine("settings: none saved and no " + path + " to import");
                return null;
            }

            byte[] text = File.ReadAllBytes(path);
            try
            {
                settings = SettingsFile.Parse(text, 0, text.Length);
            }
            catch (SettingsException e)
            {
                Console.WriteLine("settings: " + path + " refused, " + e.Message);
                return null;
            }
            finally
            {
                Array.Clear(text, 0, text.Length);
            }

            settings.Save(records);
            File.Delete(path);
            Console.WriteLine("settings: imported for device " + settings.DeviceId);
            return settings;
        }
    }
}
