namespace PixTools.Intake;

/// <summary>
/// A refused upload: the HTTP status of API.md's validation table and a detail naming the field,
/// the rule and the value, e.g. "operation_params.webp.quality must be an integer 1..100, got 0".
/// </summary>
public sealed record IntakeProblem(int StatusCode, string Detail)
{
    public static IntakeProblem Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, detail);
    public static IntakeProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
    public static IntakeProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);
}
