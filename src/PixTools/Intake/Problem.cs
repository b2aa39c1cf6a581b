using Microsoft.AspNetCore.Http.HttpResults;

namespace PixTools.Intake;

/// <summary>
/// A refused request: the HTTP status of API.md's validation table and a detail naming the field, the rule and
/// the value, e.g. "operation_params.webp.quality must be an integer 1..100, got 0". A check returns
/// <c>Problem?</c> (null: fine); a step that produces something returns <see cref="Outcome{T}"/>. Endpoints turn
/// it into ProblemDetails with <see cref="ToHttpResult"/>.
/// </summary>
public sealed record Problem(int StatusCode, string Detail)
{
    public static Problem Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, detail);
    public static Problem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
    public static Problem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);
    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    /// <summary>400 for an id in the path that is not a UUID, quoting at most 64 characters of it.</summary>
    public static Problem NotAUuid(string name, string value) =>
        BadRequest($"{name} must be a UUID, got '{(value.Length <= 64 ? value : value[..64] + "…")}'");

    /// <summary>The one place a problem becomes the ProblemDetails answer (status, its standard title, detail, request_id).</summary>
    public ProblemHttpResult ToHttpResult() => TypedResults.Problem(detail: Detail, statusCode: StatusCode);
}
