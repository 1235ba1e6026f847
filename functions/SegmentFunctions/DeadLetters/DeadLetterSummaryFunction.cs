using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.DeadLetters;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Serving;

namespace SegmentFunctions.DeadLetters;

/// <summary><c>GET /api/deadletters/summary</c>: the dead letters of the last hours (24 by default), counted by reason.</summary>
public sealed class DeadLetterSummaryFunction(DeadLetterCounter counter)
{
    public const string Name = "DeadLetterSummary";
    public const int DefaultHours = 24;
    public const int MaxHours = 24 * 90;

    [Function(Name)]
    [EndpointSummary("How many events were dead-lettered in the last hours, by reason.")]
    [QueryParameter("hours", "the window, 1 to 2160 hours back from now (default 24)")]
    [ProducesResponseType<DeadLetterCounts>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deadletters/summary")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hours = DefaultHours;
        var text = request.Query["hours"].ToString();
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out hours) || hours is < 1 or > MaxHours))
        {
            return ServingProblems.BadQuery($"hours must be a whole number from 1 to {MaxHours}, not '{text}'.");
        }

        var counts = await counter.CountSinceAsync(TimeSpan.FromHours(hours), cancellationToken);
        return Results.Json(counts, DeadLetterJsonContext.Default.DeadLetterCounts);
    }
}
