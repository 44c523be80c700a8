package io.github.lxt4j;

/** Whether a class or a resource can be loaded; tests pass a fake one to see the messages of missing dependencies. */
public interface ClassPathProbe {

    boolean hasClass(String className);

    boolean hasResource(String path);

    /** Looks in the class loader that loaded lxt4j, without initialising anything. */
    static ClassPathProbe current() {
        ClassLoader loader = ClassPathProbe.class.getClassLoader();
        return new ClassPathProbe() {
            @Override
            public boolean hasClass(String className) {
                try {
                    Class.forName(className, false, loader);
                    return true;
                } catch (ClassNotFoundException | LinkageError e) {
                    return false;
                }
            }

            @Override
            public boolean hasResource(String path) {
                return loader.getResource(path) != null;
            }
        };
    }
}
