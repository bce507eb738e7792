using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The answer to one command, on the result topic:
    /// <c>{"v":1,"id":…,"op":…,"result":"accepted"|"rejected"|"failed","reason":…,"report":…}</c>. <c>id</c> and
    /// <c>op</c> are echoed only when valid (null otherwise); <c>reason</c> is the rejection (for malformed JSON, the
    /// JSON fault) or null; <c>report</c> is what the renewal engine said, or null when it was not asked.
    /// </summary>
    public static class CommandResultPayload
    {
        /// <summary>Bytes a result needs at most (32-character id, longest names): about 140.</summary>
        public const int MaxBytes = 192;

        /// <summary><c>result</c> values.</summary>
        public const string Accepted = "accepted", Rejected = "rejected", Failed = "failed";

        /// <summary>Writes the result of <paramref name="command"/>; <paramref name="engineAsked"/> false leaves <c>report</c> null.</summary>
        public static int Write(JsonObjectWriter w, CloudCommand command, bool engineAsked, RenewalReport report)
        {
            w.Begin();
            w.Number("v", StatusPayload.Version);
            w.String("id", command.Id);
            w.String("op", command.OpKnown ? CloudCommand.OpName(command.Kind) : null);
            CommandRejection rejection = command.Rejection;
            w.String("result", rejection == CommandRejection.None ? Accepted : rejection == CommandRejection.Failed ? Failed : Rejected);
            if (rejection == CommandRejection.None)
            {
                w.Null("reason");
            }
            else
            {
                w.String("reason", rejection == CommandRejection.Malformed ? WireNames.Of(command.JsonError) : WireNames.Of(rejection));
            }

            w.String("report", engineAsked ? WireNames.Of(report) : null);
            return w.End();
        }
    }
}
