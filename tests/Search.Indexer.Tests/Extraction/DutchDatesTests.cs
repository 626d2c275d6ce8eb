using Search.Indexer.Extraction;

namespace Search.Indexer.Tests.Extraction;

public sealed class DutchDatesTests
{
    [Theory]
    [InlineData("12 maart 2018", 2018, 3, 12)]
    [InlineData("1 jan. 2020", 2020, 1, 1)]
    [InlineData("3 juni 2021", 2021, 6, 3)]
    [InlineData("31 december 2019", 2019, 12, 31)]
    [InlineData("12-03-2018", 2018, 3, 12)]
    [InlineData("2021-06-03", 2021, 6, 3)]
    [InlineData("2021-06-03T10:15:00+02:00", 2021, 6, 3)]
    [InlineData("Gepubliceerd op 7 okt 2024 door de redactie", 2024, 10, 7)]
    public void Should_parse_dates_as_dutch_sites_write_them(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), DutchDates.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("geen datum")]
    [InlineData("31 februari 2020")]
    [InlineData("12 smarch 2018")]
    [InlineData("2021-13-01")]
    public void Should_return_null_for_no_or_impossible_dates(string text) => Assert.Null(DutchDates.Parse(text));
}
