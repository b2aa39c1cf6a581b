namespace PixTools.Hosting;

/// <summary>Binds an options class to its section and validates it (data annotations) at start-up.</summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
