using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SegmentFunctions.Dashboard.Tests.Infrastructure;

/// <summary>`segment serve` on a store at a free loopback port, started and awaited until it answers its health check.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ServeProcess(string store, int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        _process = SegmentProcess.Start(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], store, _output);
    }

    public string BaseUrl { get; }

    public static async Task<ServeProcess> StartAsync(string store)
    {
        var serve = new ServeProcess(store, FreePort());
        try
        {
            await serve.WaitForHealthAsync();
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Health answers without the key: 200 (healthy, or degraded before the first model) once serve is up.</summary>
    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"segment serve exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{SegmentProcess.Text(_output)}");
            try
            {
                using var health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"segment serve did not become healthy:\n{SegmentProcess.Text(_output)}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
