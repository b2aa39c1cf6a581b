using PixTools.Operations;

namespace PixTools.Intake;

/// <summary>An upload that passed every check of API.md's validation table, ready to become a job (its bytes still on disk).</summary>
public sealed record ValidatedUpload(SpooledFile Content, ImageFormat Format, string BaseName, OperationPlan Plan, string? WebhookUrl);
