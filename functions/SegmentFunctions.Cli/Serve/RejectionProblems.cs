using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// Problem details for what Kestrel refuses before the app runs: a connection middleware gives each connection a
/// <see cref="RejectionProblemWriter"/> and a <see cref="ConnectionRequestState"/>, and the app's first middleware
/// marks the time each request spends in the app, so that only Kestrel's own answers are rewritten.
/// </summary>
public static class RejectionProblems
{
    public static ListenOptions UseRejectionProblems(this ListenOptions listen, KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            var state = new ConnectionRequestState();
            var transport = connection.Transport;
            connection.Features.Set(state);
            connection.Transport = new DuplexPipe(transport.Input, new RejectionProblemWriter(transport.Output, state, limits));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        });
        return listen;
    }

    /// <summary>Marks each request as in the app until its response has been sent; first in the pipeline.</summary>
    public static IApplicationBuilder UseRejectionTracking(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            if (context.Features.Get<ConnectionRequestState>() is { } state)
            {
                state.Enter();
                context.Response.OnCompleted(static s =>
                {
                    ((ConnectionRequestState)s).Leave();
                    return Task.CompletedTask;
                }, state);
            }

            return next(context);
        });
}
