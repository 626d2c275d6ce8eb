using System.Net;
using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

public sealed class NetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    public void Should_treat_loopback_private_link_local_and_unspecified_addresses_as_private(string address)
    {
        Assert.True(NetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Should_treat_public_addresses_as_public(string address)
    {
        Assert.False(NetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    public async Task Should_refuse_every_notation_of_a_private_address_when_private_networks_are_not_allowed(string url)
    {
        // System.Uri canonicalises decimal, hex, octal and shortened IPv4 hosts to dotted quads, so the guard sees the real address.
        var uri = new Uri(url);

        var byHost = await Assert.ThrowsAsync<PrivateNetworkException>(() => NetworkGuard.ResolveAllowedAsync(uri.Host, false, CancellationToken.None));
        var byIdnHost = await Assert.ThrowsAsync<PrivateNetworkException>(() => NetworkGuard.ResolveAllowedAsync(uri.IdnHost, false, CancellationToken.None));

        Assert.Contains("AllowPrivateNetworks", byHost.Message);
        Assert.Contains("AllowPrivateNetworks", byIdnHost.Message);
    }

    [Fact]
    public async Task Should_allow_a_loopback_address_when_private_networks_are_allowed()
    {
        var addresses = await NetworkGuard.ResolveAllowedAsync(new Uri("http://127.1/").Host, true, CancellationToken.None);

        Assert.Equal([IPAddress.Loopback], addresses);
    }

    [Fact]
    public async Task Should_allow_a_public_address_literal()
    {
        var addresses = await NetworkGuard.ResolveAllowedAsync("93.184.216.34", false, CancellationToken.None);

        Assert.Equal([IPAddress.Parse("93.184.216.34")], addresses);
    }
}
