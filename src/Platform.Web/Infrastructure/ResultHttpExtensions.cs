using Platform.Domain.Common;

namespace Platform.Web.Infrastructure;

/// <summary>Maps domain results to HTTP: values as JSON, errors as RFC 7807 problem details.</summary>
public static class ResultHttpExtensions
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> onSuccess)
    {
        if (result.IsSuccess)
        {
            return onSuccess(result.Value);
        }

        var validation = result.Errors.Where(e => e.Kind == ErrorKind.Validation).ToList();
        if (validation.Count > 0)
        {
            return Results.ValidationProblem(
                validation.GroupBy(e => e.Field ?? string.Empty).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The request is invalid.");
        }

        var (status, title) = result.Errors[0].Kind switch
        {
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden."),
            ErrorKind.Unauthenticated => (StatusCodes.Status401Unauthorized, "Not signed in."),
            _ => (StatusCodes.Status409Conflict, "Conflict."),
        };
        return Results.Problem(detail: string.Join(" ", result.Errors.Select(e => e.Message)), statusCode: status, title: title);
    }

    public static IResult ToHttp<T>(this Result<T> result) => result.ToHttp(value => Results.Ok(value));
}
