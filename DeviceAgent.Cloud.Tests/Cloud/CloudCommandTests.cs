using System;
using DeviceAgent.Cloud;
using DeviceAgent.Renewal;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>Command validation: each op, and each reason a command is refused.</summary>
    [TestClass]
    public class CloudCommandTests
    {
        private static readonly JsonObjectReader Reader = new JsonObjectReader();

        private static CloudCommand Parse(string json)
        {
            byte[] bytes = Text.Bytes(json);
            return CloudCommand.Parse(Reader, bytes, 0, bytes.Length);
        }

        [TestMethod]
        [DataRow("renew", 0)]
        [DataRow("rekey", 1)]
        [DataRow("rebootstrap", 2)]
        [DataRow("status", 4)]
        public void EachOp_IsAccepted(string op, int kind)
        {
            CloudCommand c = Parse("{\"id\":\"c-1\",\"op\":\"" + op + "\"}");

            Assert.AreEqual((int)CommandRejection.None, (int)c.Rejection, "ok");
            Assert.AreEqual(kind, (int)c.Kind, "kind");
            Assert.AreEqual("c-1", c.Id);
            Assert.AreEqual(op, CloudCommand.OpName(c.Kind));
        }

        [TestMethod]
        public void Policy_IsDecodedFromBase64()
        {
            byte[] policy = new RenewalPolicy().Encode();
            CloudCommand c = Parse("{\"op\":\"policy\",\"policy\":\"" + Convert.ToBase64String(policy) + "\",\"id\":\"p.7:x_Y\"}");

            Assert.AreEqual((int)CommandRejection.None, (int)c.Rejection, "ok");
            Assert.AreEqual((int)CloudCommandKind.PolicyUpdate, (int)c.Kind, "kind");
            Assert.AreEqual(Hex.Format(policy, 0, policy.Length), Hex.Format(c.Policy, 0, c.Policy.Length));
        }

        [TestMethod]
        [DataRow("{\"op\":\"renew\"}", 3)]
        [DataRow("{\"id\":\"\",\"op\":\"renew\"}", 4)]
        [DataRow("{\"id\":\"a/b\",\"op\":\"renew\"}", 4)]
        [DataRow("{\"id\":\"123456789012345678901234567890123\",\"op\":\"renew\"}", 4)]
        [DataRow("{\"id\":\"c\"}", 5)]
        [DataRow("{\"id\":\"c\",\"op\":\"reboot\"}", 6)]
        [DataRow("{\"id\":\"c\",\"op\":\"Renew\"}", 6)]
        [DataRow("{\"id\":\"c\",\"op\":\"renew\",\"force\":\"1\"}", 7)]
        [DataRow("{\"id\":7,\"op\":\"renew\"}", 8)]
        [DataRow("{\"id\":\"c\",\"op\":null}", 8)]
        [DataRow("{\"id\":\"c\",\"op\":\"policy\"}", 9)]
        [DataRow("{\"id\":\"c\",\"op\":\"renew\",\"policy\":\"AA==\"}", 10)]
        [DataRow("{\"id\":\"c\",\"op\":\"policy\",\"policy\":\"A$==\"}", 11)]
        [DataRow("{\"id\":\"c\",\"op\":\"policy\",\"policy\":\"AAA\"}", 11)]
        [DataRow("{\"id\":\"c\",\"op\":\"renew\"} x", 2)]
        public void Invalid_IsRejectedWithItsReason(string json, int reason)
        {
            Assert.AreEqual(reason, (int)Parse(json).Rejection, json);
        }

        [TestMethod]
        public void Rejection_EchoesOnlyValidIdAndOp()
        {
            CloudCommand bad = Parse("{\"id\":\"a b\",\"op\":\"renew\",\"x\":\"1\"}");
            Assert.IsNull(bad.Id, "id");
            Assert.IsTrue(bad.OpKnown, "op");

            CloudCommand unknown = Parse("{\"id\":\"c9\",\"op\":\"format\"}");
            Assert.AreEqual("c9", unknown.Id);
            Assert.IsFalse(unknown.OpKnown, "unknown");
        }

        [TestMethod]
        public void Malformed_CarriesTheJsonError()
        {
            CloudCommand c = Parse("{\"id\":\"c\",\"id\":\"d\",\"op\":\"renew\"}");

            Assert.AreEqual((int)CommandRejection.Malformed, (int)c.Rejection, "malformed");
            Assert.AreEqual((int)JsonError.DuplicateKey, (int)c.JsonError, "dup");
        }

        [TestMethod]
        public void Oversize_IsTooLarge()
        {
            byte[] big = new byte[CloudCommand.MaxBytes + 1];
            CloudCommand c = CloudCommand.Parse(Reader, big, 0, big.Length);

            Assert.AreEqual((int)CommandRejection.TooLarge, (int)c.Rejection);
        }
    }
}
