using Search.Indexer.Families;

namespace Search.Indexer.Tests.Families;

public sealed class ShinglesTests
{
    [Fact]
    public void Should_ignore_case_diacritics_punctuation_and_spacing()
    {
        Assert.Equal(Shingles.Of("De burgemeester, ideeën: één waarschuwing; artikel 151d."), Shingles.Of("de  Burgemeester ideeen een\nwaarschuwing artikel 151d"));
    }

    [Fact]
    public void Should_keep_names_and_numbers_apart()
    {
        var oss = Shingles.Of("de personen in dienst van de gemeente Oss zijn aangewezen per 1 maart");
        var ede = Shingles.Of("de personen in dienst van de gemeente Ede zijn aangewezen per 1 maart");

        Assert.NotEqual(oss, ede);
        Assert.True(Shingles.Jaccard(oss, ede) < 0.5);
    }

    [Fact]
    public void Should_be_stable_across_processes()
    {
        // Signatures are stored in the index: the hashes must not depend on the process (string.GetHashCode does).
        Assert.Contains(5380853184294981809UL, Shingles.Of("een twee drie vier vijf"));
    }
}
