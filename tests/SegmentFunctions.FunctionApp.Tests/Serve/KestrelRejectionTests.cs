using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Telemetry;

namespace SegmentFunctions.FunctionApp.Tests.Serve;

/// <summary>
/// <c>segment serve</c> on a real Kestrel, spoken to with raw requests: what Kestrel refuses before the app is
/// answered by Kestrel alone (status line, no body); what reaches the app answers as problem details.
/// </summary>
public sealed class KestrelRejectionTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "segment-kestrel-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SEGMENT_DATA_DIR"] = _dataDirectory,
            ["EventHubName"] = "customer-events",
            [TelemetryServiceCollectionExtensions.ExporterSetting] = "None",
        }).Build();
        _app = LocalFunctionServer.Build(configuration, 0);
        await _app.StartAsync();
        _address = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Refused while Kestrel parses the request line and headers: the app never runs, so it cannot shape them.</summary>
    public static TheoryData<string, int> RefusedByKestrel => new()
    {
        { "GET /api/customers/a%00b/features HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
        { $"GET /api/customers/{new string('x', 9000)}/features HTTP/1.1\r\nHost: localhost\r\n\r\n", 414 },
        { $"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('y', 40000)}\r\n\r\n", 431 },
    };

    /// <summary>Refused once the request reached the app: by routing, or by Kestrel while the function reads the body.</summary>
    public static TheoryData<string, int> RefusedByTheApp => new()
    {
        { "GET /api/nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n", 404 },
        { "POST /api/scores/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\n\r\n{", 413 },
        { "POST /api/scores/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400 },
        { "GET /api/customers/a%2Fb/features HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(RefusedByKestrel))]
    public async Task A_request_Kestrel_refuses_before_the_app_gets_its_status_and_an_empty_body(string request, int status)
    {
        var (statusCode, headers, body) = Parse(await SendAsync(request));

        Assert.Equal(status, statusCode);
        Assert.Contains("Content-Length: 0", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(body);
    }

    [Theory]
    [MemberData(nameof(RefusedByTheApp))]
    public async Task A_request_refused_inside_the_app_is_a_problem_details_answer(string request, int status)
    {
        var (statusCode, headers, body) = Parse(await SendAsync(request));

        Assert.Equal(status, statusCode);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
    }

    private static (int Status, string Headers, string Body) Parse(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No complete response: '{response}'");
        var head = response[..split];
        var body = response[(split + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var size = body.IndexOf("\r\n", StringComparison.Ordinal);
            var length = Convert.ToInt32(body[..size], 16);
            body = body.Substring(size + 2, length);
        }

        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, body);
    }

    private async Task<string> SendAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.FlushAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16384];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cts.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (IsComplete(text.ToString()))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        return text.ToString();
    }

    private static bool IsComplete(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split > 0
            && (response.Contains("Content-Length: 0\r\n", StringComparison.OrdinalIgnoreCase) || response.EndsWith('}') || response.EndsWith("0\r\n\r\n", StringComparison.Ordinal));
    }
}
