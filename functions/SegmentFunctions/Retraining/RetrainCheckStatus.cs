namespace SegmentFunctions.Retraining;

/// <summary>
/// The 202 body of POST /api/retrain, shaped like Durable's check-status response (<c>id</c>,
/// <c>statusQueryGetUri</c>): <paramref name="StatusQueryGetUri"/> is the app's own <c>GET /api/retrain/{runId}</c>
/// (also the <c>Location</c>), which works in every host. <paramref name="Created"/> is false when the start returned
/// the run already active. <paramref name="Durable"/> holds Durable Functions' own management links for the run's
/// instance under the Functions host, and is null where there is no Functions host (<c>segment serve</c>), whose
/// Durable Task client has no runtime webhooks.
/// </summary>
public sealed record RetrainCheckStatus(string Id, Uri StatusQueryGetUri, bool Created, DurableManagementLinks? Durable);
