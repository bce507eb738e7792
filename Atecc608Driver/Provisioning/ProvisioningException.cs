using System;
using System.Collections;

namespace Atecc608Driver.Provisioning
{
    /// <summary>
    /// Provisioning refused or failed; <see cref="Details"/> lists, one sentence each, exactly what differs or
    /// which rule failed, for a field engineer.
    /// </summary>
    public class ProvisioningException : Exception
    {
        /// <summary>Creates the exception; the message lists every detail.</summary>
        public ProvisioningException(ProvisioningError error, string summary, ArrayList details)
            : base(Compose(summary, details))
        {
            Error = error;
            Details = details ?? new ArrayList();
        }

        /// <summary>The kind of failure.</summary>
        public ProvisioningError Error { get; }

        /// <summary>One string per difference or failed rule.</summary>
        public ArrayList Details { get; }

        private static string Compose(string summary, ArrayList details)
        {
            string message = summary;
            if (details != null)
            {
                for (int i = 0; i < details.Count; i++)
                {
                    message += (i == 0 ? ": " : "; ") + details[i].ToString();
                }
            }

            return message;
        }
    }
}
