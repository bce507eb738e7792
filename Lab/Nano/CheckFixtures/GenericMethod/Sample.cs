namespace GenericMethod
{
    public static class Sample
    {
        // Generic method definition and its instantiation First<int>: both rejected.
        public static T First<T>(T[] items)
        {
            return items[0];
        }

        public static int UseIt()
        {
            return First(new int[] { 42 });
        }
    }
}
