using System.Numerics;

namespace Search.Cli.Families;

/// <summary>64-bit SimHash of a shingle set: only measured here, to compare it with MinHash (which the index uses).</summary>
internal static class SimHash
{
    public static ulong Compute(IReadOnlySet<ulong> shingles)
    {
        Span<int> weights = stackalloc int[64];
        foreach (var shingle in shingles)
        {
            var bits = Mix(shingle);
            for (var bit = 0; bit < 64; bit++)
            {
                weights[bit] += ((bits >> bit) & 1) == 1 ? 1 : -1;
            }
        }

        var hash = 0UL;
        for (var bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
            {
                hash |= 1UL << bit;
            }
        }

        return hash;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>1 − Hamming distance / 64.</summary>
    public static double Similarity(ulong a, ulong b) => 1 - BitOperations.PopCount(a ^ b) / 64.0;
}
