using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class JoinedTextReaderTests
{
    private static readonly string[] Parts = ["Convenant hennep", "\n", "", "Tekst over hennepteelt en ideeën.", "x"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Should_read_the_parts_as_one_text_whatever_the_buffer_size(int size)
    {
        using var reader = new JoinedTextReader(Parts);
        var buffer = new char[size];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, size)) > 0)
        {
            text.Append(buffer, 0, read);
        }

        Assert.Equal(string.Concat(Parts), text.ToString());
        Assert.Equal(-1, reader.Peek());
    }

    [Fact]
    public void Should_read_character_by_character_and_to_the_end()
    {
        using var reader = new JoinedTextReader(Parts);
        Assert.Equal('C', reader.Peek());
        Assert.Equal('C', reader.Read());
        var rest = new char[15];
        Assert.Equal(15, reader.Read(rest, 0, 15));
        Assert.Equal('\n', reader.Read());

        Assert.Equal("Tekst over hennepteelt en ideeën.x", reader.ReadToEnd());
        Assert.Equal(-1, reader.Read());
    }
}
