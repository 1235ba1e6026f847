namespace SegmentFunctions.OpenApi;

/// <summary>
/// A query parameter an HTTP function reads from its request, for the OpenAPI document (the function reads the query
/// itself, so no method parameter names it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}
