namespace SegmentFunctions.Application.Registry;

/// <summary>The current pointer as read, with the ETag a conditional promotion must present.</summary>
public sealed record CurrentModelPointer(CurrentModel Model, string ETag);
