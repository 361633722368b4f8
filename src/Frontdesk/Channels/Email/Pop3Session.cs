using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Frontdesk.Domain.Channels;

namespace Frontdesk.Channels.Email;

/// <summary>A POP3 server said -ERR, or answered something that is not POP3.</summary>
internal sealed class Pop3Exception(string message) : Exception(message);

/// <summary>
/// One POP3 session (RFC 1939) of our own: MailKit's Pop3Client holds a whole message in memory while it downloads,
/// this one streams RETR, dot-unstuffed, straight into the caller's stream. Deletions take effect at QUIT only, so a
/// session disposed without it (a crash, an exception) leaves the maildrop as it was.
/// </summary>
internal sealed class Pop3Session : IAsyncDisposable
{
    private const int BufferBytes = 64 * 1024;
    private const int ImplicitTlsPort = 995;

    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly TimeSpan _timeout;

    // Armed around each read and write, so a server that stops answering ends the session, but a long intake between
    // two commands does not. Network timeouts are wall-clock time (as MailKit's are), not the injected clock.
    private readonly CancellationTokenSource _deadline = new();

    private readonly byte[] _buffer = new byte[BufferBytes];

    // Unstuffing only drops bytes, except a ".\r" that turns out not to end the data: its CR is written late.
    private readonly byte[] _unstuffed = new byte[BufferBytes + 1];

    private Stream? _stream;
    private int _start;
    private int _end;
    private bool _offersStls;
    private bool _offersSaslPlain;

    private Pop3Session(TimeSpan timeout) => _timeout = timeout;

    private enum DataState
    {
        LineStart,
        InLine,
        Dot,
        DotCr,
        End,
    }

    private Stream Stream => _stream ?? throw new InvalidOperationException("The POP3 session is not connected.");

    /// <summary>
    /// Connects and reads the greeting. TLS as the channel says: Implicit at once, StartTls by STLS, Auto implicit on
    /// port 995, else STLS when the server offers it, else none. Server certificates are validated as usual.
    /// </summary>
    public static async Task<Pop3Session> ConnectAsync(string host, int port, TlsMode tls, TimeSpan timeout, CancellationToken ct)
    {
        var session = new Pop3Session(timeout);
        try
        {
            await session.RunAsync(io => session.OpenAsync(host, port, tls, io), ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>SASL PLAIN when the server lists it, else USER and PASS. A refusal carries the server's reason, never the password.</summary>
    public Task AuthenticateAsync(string userName, string password, CancellationToken ct) => RunAsync(
        async io =>
        {
            if (userName.AsSpan().ContainsAny('\r', '\n') || password.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new ArgumentException("A POP3 user name or password cannot contain a line break.");
            }

            var login = $"the login of {userName}";
            if (_offersSaslPlain)
            {
                // The credentials go in the continuation, not on the AUTH line, which RFC 5034 limits to 255 octets.
                await SendAsync("AUTH PLAIN", io);
                var answer = await ReadLineAsync(io);
                if (answer is "+" || answer.StartsWith("+ ", StringComparison.Ordinal))
                {
                    await SendAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{userName}\0{password}")), io);
                    answer = await ReadLineAsync(io);
                }

                Ok(answer, login);
            }
            else
            {
                await CommandAsync("USER " + userName, login, io);
                await CommandAsync("PASS " + password, login, io);
            }
        },
        ct);

    /// <summary>The number of messages in the maildrop and their size in octets (STAT).</summary>
    public Task<(int Count, long Octets)> StatAsync(CancellationToken ct) => RunAsync(
        async io =>
        {
            var answer = await CommandAsync("STAT", "STAT", io);
            var parts = answer.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var octets)
                    ? (count, octets)
                    : throw new Pop3Exception($"The POP3 server answered STAT with '{answer}'.");
        },
        ct);

    /// <summary>Copies message <paramref name="number"/> (from 1) to <paramref name="destination"/> as it arrives, never whole in memory.</summary>
    public Task RetrieveAsync(int number, Stream destination, CancellationToken ct) => RunAsync(
        async io =>
        {
            await CommandAsync($"RETR {number}", $"to send message {number}", io);
            await ReadDataAsync(destination, io);
        },
        ct);

    /// <summary>Marks message <paramref name="number"/> deleted; the server removes it only at <see cref="QuitAsync"/>.</summary>
    public Task DeleteAsync(int number, CancellationToken ct) =>
        RunAsync(io => CommandAsync($"DELE {number}", $"to delete message {number}", io), ct);

    /// <summary>Ends the session; only now does the server remove the messages marked deleted.</summary>
    public Task QuitAsync(CancellationToken ct) =>
        RunAsync(io => CommandAsync("QUIT", "to remove the deleted messages", io), ct);

    /// <summary>Closes the connection. Without <see cref="QuitAsync"/> before, nothing is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _socket.Dispose();
        _deadline.Dispose();
    }

    private async Task OpenAsync(string host, int port, TlsMode tls, CancellationToken ct)
    {
        _deadline.CancelAfter(_timeout);
        await _socket.ConnectAsync(host, port, ct);
        _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        _stream = new NetworkStream(_socket, ownsSocket: false);

        var implicitTls = tls == TlsMode.Implicit || (tls == TlsMode.Auto && port == ImplicitTlsPort);
        if (implicitTls)
        {
            await StartTlsAsync(host, ct);
        }

        Ok(await ReadLineAsync(ct), "the connection");
        await ReadCapabilitiesAsync(ct);
        if (!implicitTls && (tls == TlsMode.StartTls || (tls == TlsMode.Auto && _offersStls)))
        {
            await CommandAsync("STLS", "to start TLS", ct);

            // Anything already sent after the answer came unencrypted and would pass for part of the TLS session.
            if (_start != _end)
            {
                throw new Pop3Exception("The POP3 server sent data ahead of the TLS handshake.");
            }

            await StartTlsAsync(host, ct);

            // What the server offered before TLS could have been tampered with (RFC 2595 §4).
            await ReadCapabilitiesAsync(ct);
        }
    }

    private async Task StartTlsAsync(string host, CancellationToken ct)
    {
        var tls = new SslStream(Stream, leaveInnerStreamOpen: false);
        _stream = tls;
        _deadline.CancelAfter(_timeout);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct);
        _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>CAPA (RFC 2449); a server that does not know it offers neither STLS nor SASL.</summary>
    private async Task ReadCapabilitiesAsync(CancellationToken ct)
    {
        _offersStls = false;
        _offersSaslPlain = false;
        await SendAsync("CAPA", ct);
        if (!(await ReadLineAsync(ct)).StartsWith("+OK", StringComparison.Ordinal))
        {
            return;
        }

        for (var line = await ReadLineAsync(ct); line != "."; line = await ReadLineAsync(ct))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["STLS", ..])
            {
                _offersStls = true;
            }
            else if (words is ["SASL", .. var mechanisms] && mechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
            {
                _offersSaslPlain = true;
            }
        }
    }

    /// <summary>Sends a command and returns the text after its +OK; a -ERR becomes a <see cref="Pop3Exception"/>.</summary>
    private async Task<string> CommandAsync(string command, string what, CancellationToken ct)
    {
        await SendAsync(command, ct);
        return Ok(await ReadLineAsync(ct), what);
    }

    /// <summary>The text after a +OK; a -ERR, or anything else, becomes a <see cref="Pop3Exception"/> that says what was refused.</summary>
    private static string Ok(string line, string what)
    {
        if (line.StartsWith("+OK", StringComparison.Ordinal))
        {
            return line[3..].Trim();
        }

        if (line.StartsWith("-ERR", StringComparison.Ordinal))
        {
            throw new Pop3Exception($"The POP3 server refused {what}: {line[4..].Trim()}");
        }

        throw new Pop3Exception($"Expected +OK or -ERR from the POP3 server ({what}), got '{(line.Length > 200 ? line[..200] + "…" : line)}'.");
    }

    private async Task SendAsync(string command, CancellationToken ct)
    {
        _deadline.CancelAfter(_timeout);
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct);
        await Stream.FlushAsync(ct);
        _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>One line from the server, without its line end.</summary>
    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer.AsSpan(_start, newline).TrimEnd((byte)'\r'));
                _start += newline + 1;
                return line;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                throw new Pop3Exception($"The POP3 server sent an answer longer than {BufferBytes} bytes.");
            }

            await FillAsync(ct);
        }
    }

    /// <summary>
    /// Copies a multi-line answer to <paramref name="destination"/> up to the line holding a lone ".", undoing the
    /// server's dot-stuffing (RFC 1939 §3): a line starting with "." came with one more "." in front.
    /// </summary>
    private async Task ReadDataAsync(Stream destination, CancellationToken ct)
    {
        var state = DataState.LineStart;
        while (state != DataState.End)
        {
            if (_start == _end)
            {
                await FillAsync(ct);
            }

            var written = Unstuff(_buffer.AsSpan(_start, _end - _start), _unstuffed, ref state, out var consumed);
            _start += consumed;
            await destination.WriteAsync(_unstuffed.AsMemory(0, written), ct);
        }
    }

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> without the stuffed dots, stopping after the end line.</summary>
    private static int Unstuff(ReadOnlySpan<byte> input, Span<byte> output, ref DataState state, out int consumed)
    {
        var read = 0;
        var written = 0;
        while (read < input.Length && state != DataState.End)
        {
            switch (state)
            {
                case DataState.InLine:
                    var rest = input[read..];
                    var newline = rest.IndexOf((byte)'\n');
                    var line = newline < 0 ? rest : rest[..(newline + 1)];
                    line.CopyTo(output[written..]);
                    read += line.Length;
                    written += line.Length;
                    state = newline < 0 ? DataState.InLine : DataState.LineStart;
                    break;
                case DataState.LineStart when input[read] == '.':
                    read++;
                    state = DataState.Dot;
                    break;
                case DataState.LineStart:
                    state = DataState.InLine;
                    break;

                // A bare LF after the dot ends the data too, as MailKit accepts it.
                case DataState.Dot when input[read] == '\n':
                case DataState.DotCr when input[read] == '\n':
                    read++;
                    state = DataState.End;
                    break;
                case DataState.Dot when input[read] == '\r':
                    read++;
                    state = DataState.DotCr;
                    break;
                case DataState.Dot:
                    state = DataState.InLine;
                    break;
                case DataState.DotCr:
                    output[written++] = (byte)'\r';
                    state = DataState.InLine;
                    break;
            }
        }

        consumed = read;
        return written;
    }

    /// <summary>Reads more from the server behind what is buffered, which moves to the front of the buffer first.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        _deadline.CancelAfter(_timeout);
        var read = await Stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        if (read == 0)
        {
            throw new IOException("The POP3 server closed the connection.");
        }

        _end += read;
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken ct)
    {
        var result = default(T)!;
        await RunAsync(
            async io =>
            {
                result = await step(io);
            },
            ct);
        return result;
    }

    /// <summary>Runs one step of the session under its deadline; when the deadline passed, that is a timeout, not a cancellation.</summary>
    private async Task RunAsync(Func<CancellationToken, Task> step, CancellationToken ct)
    {
        using var io = CancellationTokenSource.CreateLinkedTokenSource(ct, _deadline.Token);
        try
        {
            await step(io.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && _deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The POP3 server did not answer within {_timeout}.", e);
        }
    }
}
