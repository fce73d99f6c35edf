namespace ECommerce.Web.Hosting;

public static class ServiceDecoration
{
    /// <summary>
    /// Replaces the registered <typeparamref name="TService"/> with what <paramref name="decorate"/> makes of it,
    /// keeping its lifetime: for wrapping a framework's service whose implementation is internal.
    /// </summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(
            typeof(TService),
            sp => decorate(sp, (TService)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))),
            registered.Lifetime));
        return services;
    }
}
