using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Search.TestKit;

/// <summary>One message the <see cref="SmtpSink"/> accepted: the envelope and the raw message as sent after DATA.</summary>
public sealed record SmtpMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Data)
{
    /// <summary>The raw message as text (headers and MIME parts, still encoded as sent).</summary>
    public string Raw => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// A minimal SMTP server on 127.0.0.1 (random port) for tests: HELO/EHLO, MAIL FROM, RCPT TO, DATA (dot-unstuffed),
/// RSET, NOOP, QUIT. No TLS, no AUTH. Accepted messages are kept in <see cref="Messages"/>; <see cref="Refusing"/> plays a server that is down.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<SmtpMessage> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public IReadOnlyList<SmtpMessage> Messages => _messages.ToArray();

    /// <summary>While true, every new connection is answered <c>421</c> (service not available) and closed: a server that is down.</summary>
    public bool Refusing { get; set; }

    /// <summary>Messages with this envelope recipient (case-insensitive).</summary>
    public IReadOnlyList<SmtpMessage> MessagesTo(string address) =>
        Messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new LineReader(stream);
            if (Refusing)
            {
                await WriteAsync(stream, "421 smtp-sink.test Service not available");
                return;
            }

            await WriteAsync(stream, "220 smtp-sink.test ESMTP ready");
            string? from = null;
            var recipients = new List<string>();
            while (!_stop.IsCancellationRequested)
            {
                var line = await reader.ReadLineAsync(_stop.Token);
                if (line is null)
                {
                    return;
                }

                var text = Encoding.Latin1.GetString(line);
                var verb = text.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await WriteAsync(stream, "250-smtp-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760");
                        break;
                    case "HELO":
                        await WriteAsync(stream, "250 smtp-sink.test");
                        break;
                    case "MAIL":
                        from = Address(text);
                        recipients.Clear();
                        await WriteAsync(stream, "250 OK");
                        break;
                    case "RCPT":
                        if (from is null)
                        {
                            await WriteAsync(stream, "503 MAIL FROM first");
                            break;
                        }

                        recipients.Add(Address(text));
                        await WriteAsync(stream, "250 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await WriteAsync(stream, "503 RCPT TO first");
                            break;
                        }

                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                        var data = await ReadDataAsync(reader);
                        if (data is null)
                        {
                            return;
                        }

                        _messages.Enqueue(new SmtpMessage(from, recipients.ToArray(), data));
                        from = null;
                        recipients.Clear();
                        await WriteAsync(stream, "250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await WriteAsync(stream, "250 OK");
                        break;
                    case "NOOP":
                        await WriteAsync(stream, "250 OK");
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 Bye");
                        return;
                    default:
                        await WriteAsync(stream, "502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the sink stopped.
        }
    }

    private async Task<byte[]?> ReadDataAsync(LineReader reader)
    {
        using var data = new MemoryStream();
        while (true)
        {
            var line = await reader.ReadLineAsync(_stop.Token);
            if (line is null)
            {
                return null;
            }

            if (line is [(byte)'.'])
            {
                return data.ToArray();
            }

            var start = line is [(byte)'.', ..] ? 1 : 0;
            data.Write(line, start, line.Length - start);
            data.Write("\r\n"u8);
        }
    }

    /// <summary>The address between angle brackets in <c>MAIL FROM:&lt;a@b&gt; BODY=8BITMIME</c>.</summary>
    private static string Address(string command)
    {
        var open = command.IndexOf('<', StringComparison.Ordinal);
        var close = command.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? command[(open + 1)..close] : command[(command.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private async Task WriteAsync(Stream stream, string reply)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    /// <summary>Reads CRLF-terminated lines as raw bytes (the message body may be 8-bit).</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
        {
            using var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, cancellationToken);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    continue;
                }

                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = line.ToArray();
                return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
            }
        }
    }
}
