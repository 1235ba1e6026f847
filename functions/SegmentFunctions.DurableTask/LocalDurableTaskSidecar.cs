using System.Net;
using System.Net.Sockets;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.DurableTask;

/// <summary>
/// The Durable Task sidecar in this process: a <see cref="TaskHubGrpcServer"/> on a loopback port (HTTP/2 without
/// TLS) over the <see cref="OrchestrationBackend"/>. The SDK's worker and client talk to it through
/// <see cref="Channel"/>, exactly as they would to a remote sidecar. Its dispatchers start when the worker connects.
/// </summary>
public sealed class LocalDurableTaskSidecar : IHostedService, IAsyncDisposable
{
    private readonly LocalDurableTaskOptions _options;
    private readonly StorageConnections _connections;
    private readonly ILoggerFactory _loggers;
    private readonly int _port;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _server;
    private int _disposed;

    public LocalDurableTaskSidecar(IOptions<LocalDurableTaskOptions> options, StorageConnections connections, ILoggerFactory loggers)
    {
        _options = options.Value;
        _connections = connections;
        _loggers = loggers;
        _port = _options.Port > 0 ? _options.Port : FreeLoopbackPort();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_port}");
    }

    public GrpcChannel Channel { get; }

    public bool UsesAzureStorage => _connections.HasStorage;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_server is not null)
            {
                return;
            }

            var backend = OrchestrationBackend.Create(_connections, _options, _loggers);
            await backend.CreateIfNotExistsAsync();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(_loggers);
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(IPAddress.Loopback, _port, listen => listen.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(backend);
            builder.Services.AddSingleton((IOrchestrationServiceClient)backend);
            builder.Services.AddSingleton<TaskHubGrpcServer>();
            var server = builder.Build();
            server.MapGrpcService<TaskHubGrpcServer>();
            await server.StartAsync(cancellationToken);
            _server = server;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_server is { } server)
            {
                _server = null;
                await server.StopAsync(cancellationToken);
                await server.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server and closes the channel; the container may call it twice (as itself and as a hosted service).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        Channel.Dispose();
    }

    /// <summary>A port the OS has just handed out; the sidecar binds it a moment later (loopback only, so the race is local).</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
