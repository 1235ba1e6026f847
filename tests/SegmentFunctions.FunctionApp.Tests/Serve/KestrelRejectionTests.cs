using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SegmentFunctions.Cli.Serve;
using SegmentFunctions.Telemetry;

namespace SegmentFunctions.FunctionApp.Tests.Serve;

/// <summary>
/// <c>segment serve</c> on a real Kestrel, spoken to with raw requests: every refusal answers as RFC 7807 problem
/// details, whether Kestrel refused the request while parsing it (before the app ran) or the app refused it.
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

    /// <summary>Refused while Kestrel parses the request line and headers, before the app runs.</summary>
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
    [MemberData(nameof(RefusedByTheApp))]
    public async Task A_refused_request_is_a_problem_details_answer(string request, int status)
    {
        AssertProblem(Parse(await SendAsync(request)), status);
    }

    [Fact]
    public async Task A_request_Kestrel_refuses_after_an_answered_one_on_the_same_connection_is_a_problem_details_answer()
    {
        var response = await SendAsync(
            "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /api/customers/a%00b/features HTTP/1.1\r\nHost: localhost\r\n\r\n",
            untilClosed: true);

        var second = response.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.True(second > 0, $"No second response: '{response}'");
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        AssertProblem(Parse(response[second..]), 400);
    }

    private static void AssertProblem((int Status, string Headers, string Body) response, int status)
    {
        var (statusCode, headers, body) = response;
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

    /// <param name="untilClosed">Read until the server closes the connection, as it does after refusing a request.</param>
    private async Task<string> SendAsync(string request, bool untilClosed = false)
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
                if (!untilClosed && IsComplete(text.ToString()))
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
