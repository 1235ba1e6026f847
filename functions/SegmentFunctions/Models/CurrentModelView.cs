using System.Text.Json.Nodes;

namespace SegmentFunctions.Models;

/// <summary>
/// GET /api/models/current and the answer to a promotion: the serving version, the one before it, when and why it
/// was promoted, and its metrics (null if its metrics cannot be found).
/// </summary>
public sealed record CurrentModelView(
    string Version,
    string? PreviousVersion,
    DateTimeOffset PromotedAt,
    string Reason,
    DateTimeOffset? PublishedAt,
    JsonObject? Metrics);
