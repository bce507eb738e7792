using DeviceAgent.Storage;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Storage
{
    /// <summary>
    /// Crash-safe records: a power cut at every byte of every write leaves the last complete value readable, and
    /// damaged data is reported, never silently replaced.
    /// </summary>
    [TestClass]
    public class RecordStoreTests
    {
        [TestMethod]
        public void Crc32_CheckValue()
        {
            byte[] data = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };   // "123456789"
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void Load_NeverWritten_IsAbsent()
        {
            RecordLoad load = new RecordStore(new MemoryBlobStore()).Load("state");

            Assert.AreEqual((int)RecordState.Absent, (int)load.State);
            Assert.IsNull(load.Payload);
        }

        [TestMethod]
        public void Save_ThenLoad_ReturnsNewestAndAlternatesCopies()
        {
            var blobs = new MemoryBlobStore();
            var store = new RecordStore(blobs);

            Assert.AreEqual(1u, store.Save("state", Value(1), 0, 10));
            Assert.AreEqual(2u, store.Save("state", Value(2), 0, 10));
            Assert.AreEqual(3u, store.Save("state", Value(3), 0, 10));
            RecordLoad load = store.Load("state");

            Assert.AreEqual((int)RecordState.Intact, (int)load.State);
            Assert.AreEqual(Hex.Format(Value(3), 0, 10), Hex.Format(load.Payload, 0, load.Payload.Length));
            Assert.AreEqual(0, load.Copy);          // 1 → copy 0, 2 → copy 1, 3 → copy 0
            Assert.IsNotNull(blobs.Read("state.1"));
        }

        [TestMethod]
        public void PowerCutAtEveryByteOfAWrite_PreviousValueSurvives()
        {
            foreach (bool overOldBytes in new[] { false, true })
            {
                var blobs = new MemoryBlobStore();
                var store = new RecordStore(blobs);
                store.Save("state", Value(1), 0, 10);
                store.Save("state", Value(2), 0, 10);
                int frameLength = RecordFrame.HeaderSize + 10 + RecordFrame.TrailerSize;

                for (int kept = 0; kept < frameLength; kept++)
                {
                    MemoryBlobStore cut = blobs.Clone();
                    cut.CutPowerDuringWrite(1, kept, overOldBytes);
                    Assert.ThrowsException(typeof(PowerCutException), () => new RecordStore(cut).Save("state", Value(3), 0, 10));

                    RecordLoad load = new RecordStore(cut).Load("state");

                    Assert.AreEqual(Hex.Format(Value(2), 0, 10), Hex.Format(load.Payload, 0, 10), "cut after " + kept + " bytes");
                    Assert.IsTrue(load.State == RecordState.Intact || load.State == RecordState.RecoveredFromOtherCopy);

                    // The next save after reboot lands in the damaged copy and wins.
                    var again = new RecordStore(cut);
                    again.Save("state", Value(4), 0, 10);
                    RecordLoad after = again.Load("state");
                    Assert.AreEqual(Hex.Format(Value(4), 0, 10), Hex.Format(after.Payload, 0, 10));
                    Assert.AreEqual((int)RecordState.Intact, (int)after.State);
                }
            }
        }

        [TestMethod]
        public void PowerCutDuringTheVeryFirstSave_LeavesNothingValid_ReportedCorruptNotAbsent()
        {
            var blobs = new MemoryBlobStore();
            blobs.CutPowerDuringWrite(1, 5, false);
            Assert.ThrowsException(typeof(PowerCutException), () => new RecordStore(blobs).Save("state", Value(1), 0, 10));

            RecordLoad load = new RecordStore(blobs).Load("state");

            Assert.AreEqual((int)RecordState.Corrupt, (int)load.State);
            Assert.IsNull(load.Payload);
        }

        [TestMethod]
        public void BitFlipInNewestCopy_OlderCopyReturnedAndReported()
        {
            var blobs = new MemoryBlobStore();
            var store = new RecordStore(blobs);
            store.Save("state", Value(1), 0, 10);
            store.Save("state", Value(2), 0, 10);
            byte[] newest = blobs.Read("state.1");
            newest[RecordFrame.HeaderSize + 3] ^= 0x10;
            blobs.Put("state.1", newest);

            RecordLoad load = store.Load("state");

            Assert.AreEqual((int)RecordState.RecoveredFromOtherCopy, (int)load.State);
            Assert.AreEqual(Hex.Format(Value(1), 0, 10), Hex.Format(load.Payload, 0, 10));
        }

        [TestMethod]
        public void BothCopiesDamaged_IsCorrupt()
        {
            var blobs = new MemoryBlobStore();
            var store = new RecordStore(blobs);
            store.Save("state", Value(1), 0, 10);
            store.Save("state", Value(2), 0, 10);
            blobs.Put("state.0", new byte[] { 0x52, 0x53, 0x01 });
            blobs.Put("state.1", new byte[30]);

            Assert.AreEqual((int)RecordState.Corrupt, (int)store.Load("state").State);
        }

        [TestMethod]
        public void SequenceNumbersWrap_NewerStillWins()
        {
            var blobs = new MemoryBlobStore();
            blobs.Put("state.0", RecordFrame.Encode(0xFFFFFFFF, Value(1), 0, 10));
            blobs.Put("state.1", RecordFrame.Encode(0, Value(2), 0, 10));

            RecordLoad load = new RecordStore(blobs).Load("state");

            Assert.AreEqual(Hex.Format(Value(2), 0, 10), Hex.Format(load.Payload, 0, 10));
        }

        [TestMethod]
        public void OversizedRecord_IsRefusedOnWriteAndDistrustedOnRead()
        {
            var store = new RecordStore(new MemoryBlobStore());
            var big = new byte[RecordStore.MaxPayload + 1];
            Assert.ThrowsException(typeof(System.ArgumentException), () => store.Save("state", big, 0, big.Length));

            var blobs = new MemoryBlobStore();
            blobs.Put("state.0", RecordFrame.Encode(1, big, 0, big.Length));
            Assert.AreEqual((int)RecordState.Corrupt, (int)new RecordStore(blobs).Load("state").State);
        }

        private static byte[] Value(int version)
        {
            var value = new byte[10];
            for (int i = 0; i < value.Length; i++)
            {
                value[i] = (byte)((version * 31) + i);
            }

            return value;
        }
    }
}
