using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Search.Indexer.Writing;

/// <summary>
/// Decodes one LZ4 block as Lucene's stored fields hold it (the FAST mode of Lucene 4.1–4.8), from bytes already in
/// memory: the same output and the same bytes consumed as <c>Lucene.Net.Codecs.Compressing.LZ4.Decompress</c>, which
/// reads every token and literal through virtual calls on the index input.
/// </summary>
internal static class Lz4Block
{
    private const int MinMatch = 4;

    /// <summary>Bytes per wide copy.</summary>
    private const int Wide = 16;

    /// <summary>What <see cref="Decode"/> returns when <c>source</c> ends before the block does: read more and call again.</summary>
    public const int NeedsMoreInput = -1;

    /// <summary>
    /// Decodes from the start of <paramref name="source"/> into <paramref name="destination"/> until at least
    /// <paramref name="wanted"/> bytes are written (then stops, as Lucene does, before the next match), and returns how many
    /// were written; <paramref name="consumed"/> is how many source bytes that took. Returns <see cref="NeedsMoreInput"/>
    /// when the source ends first. Throws <see cref="InvalidDataException"/> when the block is malformed: a match before the
    /// start of the output, or output beyond <paramref name="destination"/>.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination, int wanted, out int consumed)
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        consumed = 0;
        var s = 0;
        var d = 0;
        while (true)
        {
            if (s >= source.Length)
            {
                return NeedsMoreInput;
            }

            var token = source[s++];
            var literals = token >> 4;
            if (literals != 0)
            {
                if (literals == 0x0F && !TryReadLength(source, ref s, ref literals))
                {
                    return NeedsMoreInput;
                }

                if (literals > source.Length - s)
                {
                    return NeedsMoreInput;
                }

                if (literals > destination.Length - d)
                {
                    throw new InvalidDataException($"LZ4 literals run past the end of the output ({d} + {literals} > {destination.Length}).");
                }

                if (literals <= Wide && source.Length - s >= Wide && destination.Length - d >= Wide)
                {
                    // Most runs are short: one wide copy (the bytes past the run are written over later, or unused).
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, d), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref from, s)));
                }
                else
                {
                    source.Slice(s, literals).CopyTo(destination[d..]);
                }

                s += literals;
                d += literals;
            }

            if (d >= wanted)
            {
                break;
            }

            if (source.Length - s < 2)
            {
                return NeedsMoreInput;
            }

            var distance = source[s] | (source[s + 1] << 8);
            s += 2;
            var length = token & 0x0F;
            if (length == 0x0F && !TryReadLength(source, ref s, ref length))
            {
                return NeedsMoreInput;
            }

            length += MinMatch;
            if (distance == 0 || distance > d)
            {
                throw new InvalidDataException($"LZ4 match at distance {distance} reaches before the start of the output (at {d}).");
            }

            if (length > destination.Length - d)
            {
                throw new InvalidDataException($"LZ4 match runs past the end of the output ({d} + {length} > {destination.Length}).");
            }

            if (distance >= Wide && destination.Length - d >= length + Wide)
            {
                // Wide copies: each reads bytes written before it, as the match is at least one copy behind.
                for (var i = 0; i < length; i += Wide)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, d + i), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref to, d - distance + i)));
                }
            }
            else if (distance >= length)
            {
                destination.Slice(d - distance, length).CopyTo(destination[d..]);
            }
            else
            {
                // Overlapping: byte by byte, so that the last `distance` bytes repeat.
                for (var i = 0; i < length; i++)
                {
                    destination[d + i] = destination[d - distance + i];
                }
            }

            d += length;
            if (d >= wanted)
            {
                break;
            }
        }

        consumed = s;
        return d;
    }

    /// <summary>Adds the bytes of an extended length (255 means another byte follows); false when the source ends first.</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> source, ref int s, ref int length)
    {
        byte next;
        do
        {
            if (s >= source.Length)
            {
                return false;
            }

            next = source[s++];
            length += next;
            if (length > int.MaxValue / 2)
            {
                throw new InvalidDataException("LZ4 length is out of range.");
            }
        }
        while (next == 0xFF);

        return true;
    }
}
