namespace UnlistedFile
{
    public static class Unlisted
    {
        public static int Question()
        {
            return 6 * 7;
        }
    }
}
