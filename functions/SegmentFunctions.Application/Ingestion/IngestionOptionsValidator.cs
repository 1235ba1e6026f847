using Microsoft.Extensions.Options;

namespace SegmentFunctions.Application.Ingestion;

/// <summary>Fails start-up with the specific problem of bad <see cref="IngestionOptions"/>.</summary>
internal sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
