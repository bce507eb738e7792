using System.Device.I2c;

namespace UnprovidedReference
{
    public static class Bus
    {
        public static I2cConnectionSettings Settings()
        {
            return new I2cConnectionSettings(1, 0x60, I2cBusSpeed.StandardMode);
        }
    }
}
