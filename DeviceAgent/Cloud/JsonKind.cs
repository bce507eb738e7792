namespace DeviceAgent.Cloud
{
    /// <summary>The kind of a member value in a flat JSON object.</summary>
    public enum JsonKind
    {
        /// <summary>A string (unescaped).</summary>
        String = 0,

        /// <summary>A number, kept as its text.</summary>
        Number = 1,

        /// <summary><c>true</c>.</summary>
        True = 2,

        /// <summary><c>false</c>.</summary>
        False = 3,

        /// <summary><c>null</c>.</summary>
        Null = 4,
    }
}
