using System;
using System.Threading;
using Atecc608Driver;
using Atecc608Driver.Platform;
using Atecc608Driver.Provisioning;
using DeviceAgent.Board;
using DeviceAgent.Cloud;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Platform;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using nanoFramework.Hardware.Esp32;

namespace DeviceAgent
{
    /// <summary>
    /// Firmware entry point: one wake of the board (DeviceAgent/README.md, "Board"). Settings from flash (imported
    /// once from the provisioning file), the secure element provisioned (idempotent), Wi-Fi and SNTP, then the
    /// renewal runner and the MQTT session for one connectivity window, then deep sleep until the next one. Every
    /// decision is in the portable classes; this wires the board's adapters to them.
    /// </summary>
    public static class Program
    {
        /// <summary>Reported in the status message.</summary>
        public const string FirmwareVersion = "0.1.0";

        // The lowest time the device ever believes: the firmware's build date (TrustedTime).
        private static readonly DateTime BuildDate = new DateTime(2026, 11, 27);

        private const int WifiTimeoutMs = 30000;
        private const int SntpWaitMs = 5000;

        // Without settings, Wi-Fi or a working chip there is nothing to do but try again later.
        private const long RetryMs = 15 * 60 * 1000;

        public static void Main()
        {
            Console.WriteLine("DeviceAgent " + FirmwareVersion + ", wake cause " + (int)Sleep.GetWakeupCause());
            var records = new RecordStore(new FlashBlobStore(FlashBlobStore.DefaultFolder));
            DeviceSettings settings = SettingsImport.LoadOrImport(records, SettingsImport.DefaultPath);
            if (settings == null)
            {
                Thread.Sleep(Timeout.Infinite);   // stay awake for the provisioning deployment
            }

            Configuration.SetPinFunction(settings.SdaPin, settings.I2cBus == 1 ? DeviceFunction.I2C1_DATA : DeviceFunction.I2C2_DATA);
            Configuration.SetPinFunction(settings.SclPin, settings.I2cBus == 1 ? DeviceFunction.I2C1_CLOCK : DeviceFunction.I2C2_CLOCK);
            long sleepMs = RetryMs;
            using (var bus = new NanoI2cTransport(settings.I2cBus, settings.ChipAddress))
            {
                var chip = new Atecc608(bus);
                try
                {
                    sleepMs = Wake(chip, records, settings);
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

            WifiLink.Disconnect();
            Console.WriteLine("sleeping " + (sleepMs / 1000) + " s");
            Sleep.EnableWakeupByTimer(TimeSpan.FromTicks(sleepMs * TimeSpan.TicksPerMillisecond));
            Sleep.StartDeepSleep();
        }

        /// <summary>One wake with a working chip; returns how long to sleep.</summary>
        private static long Wake(Atecc608 chip, RecordStore records, DeviceSettings settings)
        {
            ProvisioningResult identity = new Provisioner(chip).Run();
            Console.WriteLine("identity: " + identity.Part + ", key in slot " + identity.KeySlot);

            var clock = new NanoUptimeClock();
            var random = new ChipRandom(chip);
            long lastCheck;
            RecordState anchorState;
            TrustAnchorStore anchors = AnchorRecord.Load(records, settings.EstAnchor, out lastCheck, out anchorState);
            var est = new EstClient(new NanoTlsConnector(), settings.EstHost, settings.EstPort, anchors, new ChipSigner(chip, DeviceConfiguration.IdentityKeySlot));
            est.Label = settings.EstLabel.Length == 0 ? null : settings.EstLabel;
            var enrollment = new EnrollmentSettings(settings.DeviceId, settings.BootstrapSecret);
            enrollment.ReenrollSecret = settings.ReenrollSecret;
            var engine = new RenewalEngine(new RenewalPolicy(), RenewalSchedule.JitterUnit(identity.SerialNumber), DeviceConfiguration.IdentityKeySlot, DeviceConfiguration.FirstRekeySlot, DeviceConfiguration.LastRekeySlot);

            // Stock firmware: MQTT over server-authenticated TLS with a chip-signed token (docs/design/device-tls.md).
            var broker = new TlsEndpoint(settings.BrokerHost, settings.BrokerPort, new byte[][] { settings.BrokerAnchor });
            var session = new CloudSession(new M2MqttPort(), broker, settings.DeviceId, FirmwareVersion, true);
            var runner = new RenewalRunner(engine, records, new ChipCsrSource(chip, settings.DeviceId), est, anchors, enrollment, session, clock, random, BuildDate);
            runner.LastCaCertsCheck = lastCheck;
            Console.WriteLine("renewal state: " + WireNames.Of(runner.Boot()));

            if (!WifiLink.Connect(settings.WifiSsid, settings.WifiPassword, WifiTimeoutMs))
            {
                Console.WriteLine("wifi: no connection");
                runner.Idle();   // the CSR can still be built ahead of the next window
                return RetryMs;
            }

            BoardClock.Synchronize(runner.Time, clock, SntpWaitMs);
            var window = new ConnectivityWindow(runner, session, clock, random, clock);
            long sleepMs = window.Run(nanoFramework.Runtime.Native.GC.Run(false));
            Console.WriteLine("window: " + WireNames.Of(window.Renewal.Report) + ", online " + window.WasOnline + ", promoted " + window.Renewal.Promoted + ", chip failed " + window.Renewal.ChipFailed);
            return sleepMs;
        }
    }
}
