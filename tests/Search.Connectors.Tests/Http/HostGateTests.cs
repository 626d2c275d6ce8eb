using Microsoft.Extensions.Time.Testing;
using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

public sealed class HostGateTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Should_start_the_next_request_to_a_host_only_after_the_gap()
    {
        var gate = new HostGate(_time);
        (await gate.EnterAsync("kennisbank.example:443", TimeSpan.FromSeconds(5), CancellationToken.None)).Dispose();

        var next = gate.EnterAsync("kennisbank.example:443", TimeSpan.FromSeconds(5), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Should_keep_one_request_in_flight_per_host_however_long_it_takes()
    {
        var gate = new HostGate(_time);
        var first = await gate.EnterAsync("kennisbank.example:443", TimeSpan.Zero, CancellationToken.None);

        var second = gate.EnterAsync("kennisbank.example:443", TimeSpan.Zero, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Should_not_make_other_hosts_wait()
    {
        var gate = new HostGate(_time);
        using var busy = await gate.EnterAsync("a.example:443", TimeSpan.FromMinutes(1), CancellationToken.None);

        var other = gate.EnterAsync("b.example:443", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
    }

    [Fact]
    public async Task Should_give_up_waiting_when_cancelled_and_leave_the_host_usable()
    {
        var gate = new HostGate(_time);
        (await gate.EnterAsync("kennisbank.example:443", TimeSpan.FromMinutes(1), CancellationToken.None)).Dispose();
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync("kennisbank.example:443", TimeSpan.Zero, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _time.Advance(TimeSpan.FromMinutes(1));
        (await gate.EnterAsync("kennisbank.example:443", TimeSpan.Zero, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public void Should_key_hosts_by_host_and_port()
    {
        Assert.Equal("kennisbank.example:443", HostGate.KeyOf(new Uri("https://KENNISBANK.example/a")));
        Assert.NotEqual(HostGate.KeyOf(new Uri("http://127.0.0.1:8080/")), HostGate.KeyOf(new Uri("http://127.0.0.1:8081/")));
    }
}
