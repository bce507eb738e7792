using System;
using System.Threading;
using Atecc608Driver;
using Atecc608Driver.Platform;
using Atecc608Driver.Provisioning;
using nanoFramework.Hardware.Esp32;

namespace DeviceAgent
{
    /// <summary>
    /// Firmware entry point. Today it brings the secure element to a provisioned state on every boot (idempotent)
    /// and reports the device identity; enrolment, renewal and the MQTT session build on this.
    /// </summary>
    public static class Program
    {
        // ESP32 DevKitC wiring (Atecc608Driver/README.md): SDA GPIO21, SCL GPIO22 on I2C1.
        // ESP32-WROOM-32SE: GPIO16/GPIO17 and address 0x35 for its on-module Trust&GO part.
        private const int SdaPin = 21;
        private const int SclPin = 22;
        private const int I2cBus = 1;

        public static void Main()
        {
            Console.WriteLine("DeviceAgent starting");
            Configuration.SetPinFunction(SdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(SclPin, DeviceFunction.I2C1_CLOCK);
            using (var bus = new NanoI2cTransport(I2cBus, NanoI2cTransport.DefaultAddress))
            {
                var chip = new Atecc608(bus);
                try
                {
                    ProvisioningResult identity = new Provisioner(chip).Run();
                    for (int i = 0; i < identity.Steps.Count; i++)
                    {
                        Console.WriteLine("provisioning: " + identity.Steps[i]);
                    }

                    Console.WriteLine("identity: " + identity.Part + " serial " + ToHex(identity.SerialNumber) + ", key in slot " + identity.KeySlot);
                }
                catch (ProvisioningException e)
                {
                    Console.WriteLine("provisioning refused: " + e.Message);
                }
                catch (Atecc608Exception e)
                {
                    Console.WriteLine("secure element error: " + e.Message);
                }
                finally
                {
                    chip.Sleep();
                }
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private static string ToHex(byte[] bytes)
        {
            string text = string.Empty;
            for (int i = 0; i < bytes.Length; i++)
            {
                text += bytes[i].ToString("X2");
            }

            return text;
        }
    }
}
