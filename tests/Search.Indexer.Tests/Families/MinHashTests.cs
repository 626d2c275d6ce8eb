using Search.Indexer.Families;

namespace Search.Indexer.Tests.Families;

public sealed class MinHashTests
{
    [Fact]
    public void Should_score_identical_texts_1_and_estimate_the_exact_jaccard_closely()
    {
        var letter = Shingles.Of(FamilyTexts.ModelLetter);
        var copy = Shingles.Of(FamilyTexts.EditedCopy);

        Assert.Equal(1.0, MinHash.Similarity(MinHash.Compute(letter), MinHash.Compute(Shingles.Of(FamilyTexts.ModelLetter))));
        Assert.InRange(MinHash.Similarity(MinHash.Compute(letter), MinHash.Compute(copy)) - Shingles.Jaccard(letter, copy), -0.1, 0.1);
    }

    [Fact]
    public void Should_share_a_band_key_for_near_copies_only()
    {
        var letter = MinHash.BandKeys(FamilyAssigner.Fingerprint(FamilyTexts.ModelLetter));
        var copy = MinHash.BandKeys(FamilyAssigner.Fingerprint(FamilyTexts.EditedCopy));
        var unrelated = MinHash.BandKeys(FamilyAssigner.Fingerprint(FamilyTexts.Unrelated));

        Assert.Equal(MinHash.Bands, letter.Count);
        Assert.NotEmpty(letter.Intersect(copy));
        Assert.Empty(letter.Intersect(unrelated));
    }

    [Fact]
    public void Should_round_trip_a_signature_through_bytes()
    {
        var signature = FamilyAssigner.Fingerprint(FamilyTexts.ModelLetter);

        Assert.Equal(signature, MinHash.FromBytes(MinHash.ToBytes(signature)));
        Assert.Equal(MinHash.Length * sizeof(uint), MinHash.ToBytes(signature).Length);
    }

    [Fact]
    public void Should_give_short_texts_no_fingerprint()
    {
        Assert.Empty(FamilyAssigner.Fingerprint("Download het convenant (PDF)."));
        Assert.Empty(MinHash.BandKeys([]));
        Assert.Equal(0, MinHash.Similarity([], FamilyAssigner.Fingerprint(FamilyTexts.ModelLetter)));
    }
}
