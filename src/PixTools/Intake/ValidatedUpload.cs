using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>An upload that passed every check of API.md's validation table, ready to become a job.</summary>
public sealed record ValidatedUpload(byte[] Bytes, ImageFormat Format, string BaseName, OperationPlan Plan, string? WebhookUrl);
