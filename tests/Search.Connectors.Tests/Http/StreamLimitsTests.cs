using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

public sealed class StreamLimitsTests
{
    [Fact]
    public async Task Should_read_a_stream_that_fits_the_cap_completely()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();

        var read = await StreamLimits.ReadAtMostAsync(new MemoryStream(bytes), bytes.Length, CancellationToken.None);

        Assert.Equal(bytes, read);
    }

    [Fact]
    public async Task Should_return_null_for_a_stream_one_byte_over_the_cap()
    {
        var read = await StreamLimits.ReadAtMostAsync(new MemoryStream(new byte[1025]), 1024, CancellationToken.None);

        Assert.Null(read);
    }
}
