using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Frontdesk.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>The built server run as a process of its own, so a test can let it crash and start it again.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public Uri? BaseAddress { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>src/Frontdesk's build output, of the configuration the tests were built in.</summary>
    public static string Dll
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Frontdesk.slnx")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Cannot find the repository root.");
            }

            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (configuration, framework) = (output.Parent!.Name, output.Name);
            return Path.Combine(root, "src", "Frontdesk", "bin", configuration, framework, "Frontdesk.dll");
        }
    }

    public static void DeleteDataDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "frontdesk-tests", "proc-" + Guid.NewGuid().ToString("N"));

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[FirstStart.TokenVariable] = FrontdeskFactory.AdminToken;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return start;
    }

    /// <summary>Starts the server on a free loopback port and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var start = StartInfo(["--data", dataDirectory, "--no-demo", "--urls", "http://127.0.0.1:0", "--Frontdesk:Mail:RefreshInterval=00:00:01", .. settings]);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new ServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }

            if (Banner().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        server._process.OutputDataReceived += OnLine;
        server._process.ErrorDataReceived += OnLine;
        server._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server exited before it listened:\n" + server.Output));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        return server;
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FrontdeskFactory.AdminToken);
        return client;
    }

    /// <summary>Waits for the process to end on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(patience, TestContext.Current.CancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Frontdesk is running at (http://[^,\s]+)")]
    private static partial Regex Banner();
}
