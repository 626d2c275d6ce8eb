using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace Search.TestKit.Pdf;

/// <summary>Writes every standard-14 Type1 font dictionary with <c>/Encoding /WinAnsiEncoding</c> instead of StandardEncoding.</summary>
internal sealed class WinAnsiFontTokenWriter : ITokenWriter
{
    private static readonly NameToken WinAnsi = NameToken.Create("WinAnsiEncoding");

    private readonly TokenWriter inner = new();

    public bool WritingPageContents
    {
        get => inner.WritingPageContents;
        set => inner.WritingPageContents = value;
    }

    public void WriteToken(IToken token, Stream outputStream)
    {
        var rewritten = token switch
        {
            ObjectToken { Data: DictionaryToken dictionary } obj when IsStandardFont(dictionary) =>
                new ObjectToken(obj.Position, obj.Number, dictionary.With(NameToken.Encoding, WinAnsi)),
            DictionaryToken dictionary when IsStandardFont(dictionary) => dictionary.With(NameToken.Encoding, WinAnsi),
            _ => token,
        };

        inner.WriteToken(rewritten, outputStream);
    }

    public void WriteObject(long objectNumber, int generation, byte[] data, Stream outputStream) =>
        inner.WriteObject(objectNumber, generation, data, outputStream);

    public void WriteCrossReferenceTable(
        IReadOnlyDictionary<IndirectReference, long> objectOffsets,
        IndirectReference catalogToken,
        Stream outputStream,
        IndirectReference? documentInformationReference,
        long? previousCrossReferenceOffset) =>
        inner.WriteCrossReferenceTable(objectOffsets, catalogToken, outputStream, documentInformationReference, previousCrossReferenceOffset);

    private static bool IsStandardFont(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Type, out var type) && NameToken.Font.Equals(type)
        && dictionary.TryGet(NameToken.Subtype, out var subtype) && NameToken.Type1.Equals(subtype)
        && !dictionary.ContainsKey(NameToken.FontDescriptor);
}
