using System.Net;
using System.Net.Sockets;

namespace Search.Connectors.Http;

/// <summary>Decides which IP addresses harvesting may connect to (SSRF guard).</summary>
public static class NetworkGuard
{
    /// <summary>True for loopback, private, link-local, unique-local, CGNAT, unspecified and multicast addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,
                169 => b[1] == 254,
                172 => b[1] >= 16 && b[1] <= 31,
                192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
                198 => b[1] == 18 || b[1] == 19,
                >= 224 => true,
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return true;
            }

            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC;
        }

        return true;
    }

    /// <summary>Resolves a host and returns the addresses harvesting may dial, or throws with a clear message.</summary>
    public static async Task<IPAddress[]> ResolveAllowedAsync(string host, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new PrivateNetworkException($"Host '{host}' did not resolve to any address.");
        }

        if (allowPrivateNetworks)
        {
            return addresses;
        }

        var allowed = addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateNetworkException(
                $"Host '{host}' resolves to a loopback, private or link-local address ({addresses[0]}); " +
                "refused because Search:Harvest:AllowPrivateNetworks is false.");
        }

        return allowed;
    }

    private static async Task<IPAddress[]> ResolveAllowedAsync(
        string host, IReadOnlyCollection<IPEndPoint> allowedEndpoints, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses
            .Where(a => !IsPrivate(a) || allowedEndpoints.Any(e => e.Port == port && Unmapped(e.Address).Equals(Unmapped(a))))
            .ToArray();
        return allowed.Length > 0
            ? allowed
            : throw new PrivateNetworkException(
                $"Host '{host}' resolves to a loopback, private or link-local address ({(addresses.Length > 0 ? addresses[0] : "none")}) " +
                "that is not in Search:Harvest:AllowedPrivateEndpoints; refused because Search:Harvest:AllowPrivateNetworks is false.");
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that checks the address actually dialled.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(bool allowPrivateNetworks) =>
        ConnectCallback(allowPrivateNetworks, []);

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that checks the address actually dialled; the
    /// <paramref name="allowedEndpoints"/> (exact address and port) may be dialled even when private.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(
        bool allowPrivateNetworks, IReadOnlyCollection<IPEndPoint> allowedEndpoints) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var port = context.DnsEndPoint.Port;
            var addresses = allowPrivateNetworks || allowedEndpoints.Count == 0
                ? await ResolveAllowedAsync(host, allowPrivateNetworks, cancellationToken).ConfigureAwait(false)
                : await ResolveAllowedAsync(host, allowedEndpoints, port, cancellationToken).ConfigureAwait(false);
            Exception? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        };
}

/// <summary>A connection was refused because the host is on a private network.</summary>
public sealed class PrivateNetworkException(string message) : Exception(message);
