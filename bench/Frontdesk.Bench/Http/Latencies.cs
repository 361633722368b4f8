using System.Net.Http.Headers;

namespace Frontdesk.Bench.Http;

/// <summary>Request durations in milliseconds and their percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _ms = [];

    public int Count => _ms.Count;

    public void Add(double ms)
    {
        lock (_ms)
        {
            _ms.Add(ms);
        }
    }

    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ms.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string Summary() =>
        $"n={Count}, p50={Percentile(50):F2} ms, p95={Percentile(95):F2} ms, p99={Percentile(99):F2} ms, max={Percentile(100):F2} ms";
}

internal static class Clients
{
    /// <summary>One client with enough pooled connections for every worker; nothing waits for a socket.</summary>
    public static HttpClient Create(Options o, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, connections), PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        var client = new HttpClient(handler) { BaseAddress = new Uri(o.Require("url")), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        return client;
    }
}
