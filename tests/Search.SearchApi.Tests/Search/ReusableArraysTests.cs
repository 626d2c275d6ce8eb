using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

public sealed class ReusableArraysTests
{
    [Fact]
    public void Should_hand_out_a_returned_array_again_at_the_length_it_grew_to()
    {
        var arrays = new ReusableArrays<long>(keep: 2);
        var array = arrays.Rent();
        Assert.Equal(256, array.Length);
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = i;
        }

        var grown = ReusableArrays<long>.Grow(array, 100);
        Assert.Equal(512, grown.Length);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), grown.Take(100));

        arrays.Return(grown);
        Assert.Same(grown, arrays.Rent());
    }

    [Fact]
    public void Should_keep_no_more_arrays_than_it_is_told()
    {
        var arrays = new ReusableArrays<int>(keep: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => arrays.Rent()).ToList();

        rented.ForEach(arrays.Return);

        Assert.Equal(2, arrays.Kept);
        var again = Enumerable.Range(0, 3).Select(_ => arrays.Rent()).ToList();
        Assert.Same(rented[0], again[0]);
        Assert.Same(rented[1], again[1]);
        Assert.DoesNotContain(rented, r => ReferenceEquals(r, again[2]));
    }

    [Fact]
    public void Should_not_keep_empty_arrays()
    {
        var arrays = new ReusableArrays<int>(keep: 2);

        arrays.Return([]);

        Assert.Equal(0, arrays.Kept);
    }
}
