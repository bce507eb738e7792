using DeviceAgent.Pki;
using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// A command from the cloud, validated: <c>{"id":"&lt;1..32 chars&gt;","op":"renew"|"rekey"|"rebootstrap"|"policy"|"status"}</c>,
    /// and for <c>policy</c> also <c>"policy":"&lt;base64 of the RenewalPolicy encoding&gt;"</c>. Every member is a
    /// string; any other member, a missing one, or a policy with another op is refused (the cloud learns of new
    /// firmware abilities from its version in the status, not by trial). Who may publish is the broker's topic ACL.
    /// </summary>
    public sealed class CloudCommand
    {
        /// <summary>Largest command payload (<see cref="JsonObjectReader.MaxPayload"/>).</summary>
        public const int MaxBytes = JsonObjectReader.MaxPayload;

        /// <summary>Longest command id: enough for a UUID without dashes or a timestamped counter.</summary>
        public const int MaxIdLength = 32;

        /// <summary>Member names.</summary>
        public const string IdField = "id", OpField = "op", PolicyField = "policy";

        private CloudCommand()
        {
        }

        /// <summary>The id, or null when it was missing or invalid (then never echoed).</summary>
        public string Id { get; private set; }

        /// <summary>The operation; meaningful when <see cref="OpKnown"/>.</summary>
        public CloudCommandKind Kind { get; private set; }

        /// <summary>True when <c>op</c> named a known operation.</summary>
        public bool OpKnown { get; private set; }

        /// <summary>The decoded policy bytes for <see cref="CloudCommandKind.PolicyUpdate"/>.</summary>
        public byte[] Policy { get; private set; }

        /// <summary>Why it is refused; <see cref="CommandRejection.None"/> when valid.</summary>
        public CommandRejection Rejection { get; internal set; }

        /// <summary>The JSON fault when <see cref="Rejection"/> is <see cref="CommandRejection.Malformed"/>.</summary>
        public JsonError JsonError { get; private set; }

        /// <summary>Reads and validates a command payload with <paramref name="reader"/> (reused across commands).</summary>
        public static CloudCommand Parse(JsonObjectReader reader, byte[] payload, int offset, int count)
        {
            var command = new CloudCommand();
            if (count > MaxBytes)
            {
                command.Rejection = CommandRejection.TooLarge;
                return command;
            }

            JsonError error = reader.Read(payload, offset, count);
            if (error != JsonError.None)
            {
                command.JsonError = error;
                command.Rejection = CommandRejection.Malformed;
                return command;
            }

            // id and op first, so a rejection can still name them
            int id = reader.IndexOf(IdField);
            if (id >= 0 && reader.KindAt(id) == JsonKind.String && IsValidId(reader.ValueAt(id)))
            {
                command.Id = reader.ValueAt(id);
            }

            int op = reader.IndexOf(OpField);
            if (op >= 0 && reader.KindAt(op) == JsonKind.String)
            {
                command.OpKnown = TryKind(reader.ValueAt(op), out CloudCommandKind kind);
                command.Kind = kind;
            }

            command.Rejection = Validate(reader, command, id, op);
            return command;
        }

        /// <summary>True for 1..32 characters of A-Z a-z 0-9 . _ : -.</summary>
        public static bool IsValidId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The wire name of <paramref name="kind"/>.</summary>
        public static string OpName(CloudCommandKind kind)
        {
            switch (kind)
            {
                case CloudCommandKind.RenewNow:
                    return "renew";
                case CloudCommandKind.Rekey:
                    return "rekey";
                case CloudCommandKind.Rebootstrap:
                    return "rebootstrap";
                case CloudCommandKind.PolicyUpdate:
                    return "policy";
                default:
                    return "status";
            }
        }

        private static bool TryKind(string op, out CloudCommandKind kind)
        {
            for (int k = 0; k <= (int)CloudCommandKind.Status; k++)
            {
                if (OpName((CloudCommandKind)k) == op)
                {
                    kind = (CloudCommandKind)k;
                    return true;
                }
            }

            kind = CloudCommandKind.Status;
            return false;
        }

        private static CommandRejection Validate(JsonObjectReader reader, CloudCommand command, int id, int op)
        {
            int policy = reader.IndexOf(PolicyField);
            for (int i = 0; i < reader.Count; i++)
            {
                if (i != id && i != op && i != policy)
                {
                    return CommandRejection.UnknownField;
                }

                if (reader.KindAt(i) != JsonKind.String)
                {
                    return CommandRejection.WrongType;
                }
            }

            if (id < 0)
            {
                return CommandRejection.MissingId;
            }

            if (command.Id == null)
            {
                return CommandRejection.BadId;
            }

            if (op < 0)
            {
                return CommandRejection.MissingOp;
            }

            if (!command.OpKnown)
            {
                return CommandRejection.UnknownOp;
            }

            if (command.Kind != CloudCommandKind.PolicyUpdate)
            {
                return policy < 0 ? CommandRejection.None : CommandRejection.UnexpectedPolicy;
            }

            if (policy < 0)
            {
                return CommandRejection.MissingPolicy;
            }

            string text = reader.ValueAt(policy);
            try
            {
                int length = Base64.DecodedLength(text, 0, text.Length, false);
                if (length > RenewalPolicy.EncodedSize * 2)
                {
                    return CommandRejection.PolicyRejected;   // not a policy of any size we know; no need to decode it
                }

                var bytes = new byte[length];
                Base64.Decode(text, 0, text.Length, false, bytes, 0, length);
                command.Policy = bytes;
            }
            catch (PkiException)
            {
                return CommandRejection.BadPolicyEncoding;
            }

            return CommandRejection.None;
        }
    }
}
