namespace SegmentFunctions.Domain.Features;

/// <summary>What folding one event did to a feature document.</summary>
public enum FoldOutcome
{
    /// <summary>The event changed the document.</summary>
    Applied,

    /// <summary>The event's dedupe key was already applied; the document is unchanged.</summary>
    Duplicate,

    /// <summary>
    /// The event changed the document, but it was older than the de-duplication horizon, so it could not be checked
    /// against earlier deliveries (see <see cref="FeatureFoldSettings.DedupeHorizon"/>).
    /// </summary>
    AppliedUnchecked,
}
