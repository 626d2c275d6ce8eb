using Search.Indexer.Families;

namespace Search.Indexer.Tests.Families;

/// <summary>The threshold against crafted pairs: it must group edited copies and keep template siblings apart, with margin.</summary>
public sealed class VersionSimilarityTests
{
    private static double Jaccard(string a, string b) => Shingles.Jaccard(Shingles.Of(a), Shingles.Of(b));

    [Fact]
    public void Should_score_identical_texts_1()
    {
        Assert.Equal(1.0, Jaccard(FamilyTexts.ModelLetter, FamilyTexts.ModelLetter));
        Assert.True(FamilyAssigner.AreVersions(FamilyTexts.ModelLetter, FamilyTexts.ModelLetter));
    }

    [Fact]
    public void Should_group_a_republished_copy_with_other_chrome_and_a_few_edits()
    {
        var similarity = Jaccard(FamilyTexts.ModelLetter, FamilyTexts.EditedCopy);

        Assert.InRange(similarity, FamilyAssigner.Threshold + 0.05, 0.99);
        Assert.True(FamilyAssigner.AreVersions(FamilyTexts.ModelLetter, FamilyTexts.EditedCopy));
    }

    [Fact]
    public void Should_keep_documents_built_on_one_template_apart()
    {
        var siblings = FamilyTexts.BoaSiblings;

        foreach (var (a, b) in new[] { (0, 1), (0, 2), (1, 2) })
        {
            Assert.InRange(Jaccard(siblings[a], siblings[b]), 0.2, FamilyAssigner.Threshold - 0.1);
            Assert.False(FamilyAssigner.AreVersions(siblings[a], siblings[b]));
        }
    }

    [Fact]
    public void Should_score_unrelated_texts_far_below()
    {
        Assert.True(Jaccard(FamilyTexts.ModelLetter, FamilyTexts.Unrelated) < 0.05);
        Assert.True(Jaccard(FamilyTexts.ModelLetter, FamilyTexts.BoaSiblings[0]) < 0.05);
    }
}
