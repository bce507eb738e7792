using Atecc608Driver;
using DeviceAgent.Lifecycle;

namespace DeviceAgent.Board
{
    /// <summary>
    /// <see cref="IRandomSource"/> from the ATECC608's Random command (its DRBG; 32 bytes per command, handed out
    /// four at a time), so backoff jitter differs between devices and boots without a seed in flash.
    /// </summary>
    public sealed class ChipRandom : IRandomSource
    {
        private readonly Atecc608 _chip;
        private byte[] _pool;
        private int _next;

        /// <summary>Random values from <paramref name="chip"/>.</summary>
        public ChipRandom(Atecc608 chip)
        {
            _chip = chip;
        }

        /// <inheritdoc />
        public uint NextUInt32()
        {
            if (_pool == null || _next + 4 > _pool.Length)
            {
                _pool = _chip.Random();
                _next = 0;
            }

            uint value = (uint)(_pool[_next] | (_pool[_next + 1] << 8) | (_pool[_next + 2] << 16) | (_pool[_next + 3] << 24));
            _next += 4;
            return value;
        }
    }
}
