using System;

namespace GenericType
{
    // A generic type definition: rejected.
    public class Box<T>
    {
        public T Value;
    }

    public static class Sample
    {
        // A generic instantiation inside a field signature: rejected.
        public static Action<int> Callback;
    }
}
