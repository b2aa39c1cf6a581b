namespace PixTools.Hosting;

/// <summary>What this process does (PIXTOOLS_ROLE): <c>all</c> (the default), <c>api</c> or <c>worker</c>.</summary>
public enum Role
{
    All,
    Api,
    Worker,
}

public static class RoleExtensions
{
    public static bool ServesApi(this Role role) => role is Role.All or Role.Api;

    public static bool RunsWorkers(this Role role) => role is Role.All or Role.Worker;
}
