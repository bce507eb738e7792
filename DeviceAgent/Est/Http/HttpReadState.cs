namespace DeviceAgent.Est.Http
{
    /// <summary>Where an <see cref="HttpResponseReader"/> stands in the response.</summary>
    public enum HttpReadState
    {
        /// <summary>Reading the status line and header section (interim 1xx responses included).</summary>
        ReadingHead = 0,

        /// <summary>Status and headers are available; reading the body as <see cref="HttpBodyFraming"/> says.</summary>
        ReadingBody = 1,

        /// <summary>The whole response has been read; bytes after it are not consumed (RFC 9112 §6.3 lets a client discard them).</summary>
        Complete = 2,

        /// <summary>An <see cref="HttpException"/> was thrown; every further Feed or End throws it again until Reset.</summary>
        Failed = 3,
    }
}
