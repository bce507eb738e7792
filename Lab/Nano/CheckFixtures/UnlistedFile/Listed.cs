namespace UnlistedFile
{
    public static class Listed
    {
        public static int Answer()
        {
            return 42;
        }
    }
}
