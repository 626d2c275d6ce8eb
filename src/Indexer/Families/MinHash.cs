using System.Buffers.Binary;
using System.Globalization;

namespace Search.Indexer.Families;

/// <summary>
/// MinHash signatures of shingle sets (pure): <see cref="Length"/> independent 32-bit minima whose agreement rate
/// estimates the Jaccard similarity of the sets, and LSH band keys that make near-duplicates findable by term lookup.
/// </summary>
public static class MinHash
{
    /// <summary>Hash functions per signature (standard error of the estimate √(J(1−J)/256): ±0.027 at J = 0.75).</summary>
    public const int Length = 256;

    /// <summary>
    /// LSH bands of <see cref="RowsPerBand"/> rows: a pair with Jaccard J shares a band with probability 1 − (1 − J⁴)⁶⁴,
    /// over 99.9 % from J = 0.6, so no pair near the threshold is missed.
    /// </summary>
    public const int Bands = 64;

    public const int RowsPerBand = Length / Bands;

    private static readonly ulong[] Seeds = CreateSeeds();

    /// <summary>The signature of a shingle set; empty for an empty set.</summary>
    public static uint[] Compute(IReadOnlySet<ulong> shingles)
    {
        if (shingles.Count == 0)
        {
            return [];
        }

        var signature = new uint[Length];
        Array.Fill(signature, uint.MaxValue);
        foreach (var shingle in shingles)
        {
            for (var i = 0; i < Length; i++)
            {
                var value = (uint)(Mix(shingle ^ Seeds[i]) >> 32);
                if (value < signature[i])
                {
                    signature[i] = value;
                }
            }
        }

        return signature;
    }

    /// <summary>The estimated Jaccard similarity of the two sets: the share of equal positions; 0 when either is empty.</summary>
    public static double Similarity(IReadOnlyList<uint> a, IReadOnlyList<uint> b)
    {
        if (a.Count != Length || b.Count != Length)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < Length; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }

        return (double)equal / Length;
    }

    /// <summary>One key per band (band number + hash of its rows); two signatures sharing a key are LSH candidates.</summary>
    public static IReadOnlyList<string> BandKeys(IReadOnlyList<uint> signature)
    {
        if (signature.Count != Length)
        {
            return [];
        }

        var keys = new string[Bands];
        for (var band = 0; band < Bands; band++)
        {
            var hash = (ulong)band;
            for (var row = 0; row < RowsPerBand; row++)
            {
                hash = Mix(hash * 31 + signature[band * RowsPerBand + row]);
            }

            keys[band] = band.ToString("x2", CultureInfo.InvariantCulture) + hash.ToString("x16", CultureInfo.InvariantCulture);
        }

        return keys;
    }

    public static byte[] ToBytes(IReadOnlyList<uint> signature)
    {
        var bytes = new byte[signature.Count * sizeof(uint)];
        for (var i = 0; i < signature.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), signature[i]);
        }

        return bytes;
    }

    public static uint[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var signature = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * sizeof(uint))..]);
        }

        return signature;
    }

    /// <summary>The SplitMix64 finaliser: a fast, well-distributed 64-bit mix.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] CreateSeeds()
    {
        // Fixed seeds: signatures stored in the index must stay comparable across releases.
        var seeds = new ulong[Length];
        var state = 0x4B656E6E6973UL; // "Kennis"
        for (var i = 0; i < Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }
}
