using System.Collections.Concurrent;

namespace Search.SearchApi.Search;

/// <summary>
/// Growable work arrays shared by concurrent searches, of which at most <paramref name="keep"/> are kept between searches.
/// A broad search on a large index needs arrays of megabytes (one entry per matching family or document); the shared
/// <see cref="System.Buffers.ArrayPool{T}"/> kept every size it had handed out on every thread (over 500 MB at a million
/// documents) and still missed often, so that most of them were allocated anew on the large-object heap.
/// </summary>
/// <typeparam name="T">Entries without references, so that arrays are reused without clearing.</typeparam>
internal sealed class ReusableArrays<T>(int keep, int initialLength = 256)
    where T : struct
{
    private readonly ConcurrentQueue<T[]> _free = new();

    /// <summary>A kept array (any length: the largest needed so far), or a new one of <c>initialLength</c>.</summary>
    public T[] Rent() => _free.TryDequeue(out var array) ? array : new T[initialLength];

    /// <summary>An array twice as long holding the first <paramref name="count"/> entries of <paramref name="array"/> (which is dropped).</summary>
    public static T[] Grow(T[] array, int count)
    {
        var larger = GC.AllocateUninitializedArray<T>(Math.Max(256, array.Length * 2));
        Array.Copy(array, larger, count);
        return larger;
    }

    /// <summary>Keeps the array for the next search, unless enough are kept already.</summary>
    public void Return(T[] array)
    {
        if (array.Length > 0 && _free.Count < keep)
        {
            _free.Enqueue(array);
        }
    }

    /// <summary>Arrays kept now (for tests).</summary>
    internal int Kept => _free.Count;
}
